"""The deployment files agree with the code: every service, port, probe and variable.

Services come from ``shared.config.SERVICE_PORTS``, so a new service fails these tests until
it is in deploy/Procfile, docker-compose.yml and deploy/k8s/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from shared.config import SERVICE_PORTS

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
GATEWAY_PORT = 8080
SERVICES = sorted(SERVICE_PORTS)
APPS = [*SERVICES, "gateway"]
PORTS = {**SERVICE_PORTS, "gateway": GATEWAY_PORT}
MODULES = {**{s: f"services.{s}" for s in SERVICES}, "gateway": "gateway"}
# /metrics listens apart (shared/web/metrics_listener.py): the HTTP port + 1000.
METRICS_OFFSET = 1000


def service_env(service: str) -> set[str]:
    """What each service needs to find the database, the broker, the keys and the mail."""
    return {
        "PORTAL_ADMIN_DATABASE_URL",
        "PORTAL_AMQP_URL",
        "PORTAL_JWKS_URL",
        "PORTAL_SMTP_HOST",
        "PORTAL_ENCRYPTION_KEYS",
        f"{service.upper()}_HOST",
        f"{service.upper()}_DATABASE_PASSWORD",
    }


GATEWAY_ENV = {"PORTAL_JWKS_URL", "GATEWAY_HOST", "GATEWAY_UPSTREAMS"}


def required_env(app: str) -> set[str]:
    return GATEWAY_ENV if app == "gateway" else service_env(app)


# --- docker-compose.yml ---------------------------------------------------------------------

_INTERPOLATION = re.compile(r"\$\{(\w+)(?::?-([^}]*))?\}")


def interpolate(value: object) -> str:
    """A compose value with ``${VAR:-default}`` replaced by its default (no environment)."""
    return _INTERPOLATION.sub(lambda m: m.group(2) or "", str(value))


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"])


def compose_env(compose: dict[str, Any], name: str) -> dict[str, str]:
    env = compose[name].get("environment", {})
    assert isinstance(env, dict), f"{name}: environment as a mapping"
    return {key: interpolate(value) for key, value in env.items()}


def test_compose_has_the_backing_services_the_mailbox_and_every_app(
    compose: dict[str, Any],
) -> None:
    assert set(compose) >= {"postgres", "rabbitmq", "mailbox", *APPS}
    assert interpolate(compose["postgres"]["image"]).startswith("postgres:15")
    major, minor = re.findall(r"rabbitmq:(\d+)\.(\d+)", compose["rabbitmq"]["image"])[0]
    assert (int(major), int(minor)) >= (3, 10)


@pytest.mark.parametrize("app", APPS)
def test_compose_runs_each_app_on_its_port_with_a_readiness_check(
    compose: dict[str, Any], app: str
) -> None:
    service, port = compose[app], PORTS[app]
    assert service["command"] == ["python", "-m", MODULES[app]]
    env = compose_env(compose, app)
    assert env[f"{app.upper()}_PORT"] == str(port)
    assert env[f"{app.upper()}_HOST"] == "0.0.0.0"
    # Reachable by a scraper on the compose network; never published to the host.
    assert env[f"{app.upper()}_METRICS_HOST"] == "0.0.0.0"
    assert f"http://127.0.0.1:{port}/readyz" in service["healthcheck"]["test"]
    assert "build" in service and service["build"]["dockerfile"] == "deploy/Dockerfile"


@pytest.mark.parametrize("app", APPS)
def test_compose_gives_each_app_every_variable_it_needs(compose: dict[str, Any], app: str) -> None:
    env = compose_env(compose, app)
    missing = required_env(app) - set(env)
    assert not missing, f"{app} lacks {sorted(missing)}"
    assert env["PORTAL_JWKS_URL"] == "http://identity:8101/.well-known/jwks.json"
    if app != "gateway":
        assert "@postgres:5432/" in env["PORTAL_ADMIN_DATABASE_URL"]
        assert "@rabbitmq:5672" in env["PORTAL_AMQP_URL"]
        assert env["PORTAL_SMTP_HOST"] == "mailbox"


@pytest.mark.parametrize("app", SERVICES)
def test_compose_starts_services_after_what_they_need_is_healthy(
    compose: dict[str, Any], app: str
) -> None:
    depends = compose[app]["depends_on"]
    for needed in ("postgres", "rabbitmq", "mailbox"):
        assert depends[needed]["condition"] == "service_healthy"
    if app != "identity":  # the others fetch identity's token keys
        assert depends["identity"]["condition"] == "service_healthy"


def test_compose_gateway_routes_every_service_and_is_published(compose: dict[str, Any]) -> None:
    gateway = compose["gateway"]
    upstreams = json.loads(compose_env(compose, "gateway")["GATEWAY_UPSTREAMS"])
    assert upstreams == {s: f"http://{s}:{SERVICE_PORTS[s]}" for s in SERVICES}
    assert any(interpolate(p).endswith(f":{GATEWAY_PORT}") for p in gateway["ports"])
    published = " ".join(interpolate(p) for p in gateway["ports"])
    assert str(GATEWAY_PORT + METRICS_OFFSET) not in published, "metrics stay inside"
    assert {s: gateway["depends_on"][s]["condition"] for s in SERVICES} == dict.fromkeys(
        SERVICES, "service_healthy"
    )


def test_compose_mailbox_listens_for_smtp_and_shows_its_inbox(compose: dict[str, Any]) -> None:
    mailbox = compose["mailbox"]
    assert mailbox["command"] == ["python", "-m", "deploy.mailbox"]
    env = compose_env(compose, "mailbox")
    assert (env["MAILBOX_HOST"], env["MAILBOX_SMTP_PORT"]) == ("0.0.0.0", "1025")
    assert any(interpolate(p).endswith(":8025") for p in mailbox["ports"])
    assert "http://127.0.0.1:8025/healthz" in mailbox["healthcheck"]["test"]


# --- deploy/k8s -------------------------------------------------------------------------------


def kustomization() -> dict[str, Any]:
    return dict(yaml.safe_load((K8S / "kustomization.yaml").read_text()))


@pytest.fixture(scope="module")
def resources() -> dict[tuple[str, str], dict[str, Any]]:
    """Every resource kustomization.yaml lists, by (kind, name)."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for file in kustomization()["resources"]:
        for doc in yaml.safe_load_all((K8S / file).read_text()):
            if doc:
                key = (doc["kind"], doc["metadata"]["name"])
                assert key not in found, f"{key} defined twice"
                found[key] = doc
    return found


def test_kustomization_lists_every_manifest_in_the_folder() -> None:
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization()["resources"]) == files


def container(deployment: dict[str, Any]) -> dict[str, Any]:
    [only] = deployment["spec"]["template"]["spec"]["containers"]
    return dict(only)


def k8s_env(
    resources: dict[tuple[str, str], dict[str, Any]], spec: dict[str, Any]
) -> dict[str, str]:
    """A container's variables: its ConfigMaps' keys, then its own entries (which win)."""
    env: dict[str, str] = {}
    for source in spec.get("envFrom", []):
        config_map = resources[("ConfigMap", source["configMapRef"]["name"])]
        env.update(config_map["data"])
    secret = resources[("Secret", "portal-secrets")]
    for entry in spec.get("env", []):
        if "value" in entry:
            env[entry["name"]] = entry["value"]
        else:
            ref = entry["valueFrom"]["secretKeyRef"]
            assert ref["name"] == "portal-secrets"
            assert ref["key"] in secret["stringData"], f"no {ref['key']} in the Secret"
            env[entry["name"]] = secret["stringData"][ref["key"]]
    return env


@pytest.mark.parametrize("app", APPS)
def test_each_deployment_runs_its_app_on_its_port_with_probes(
    resources: dict[tuple[str, str], dict[str, Any]], app: str
) -> None:
    spec = container(resources[("Deployment", app)])
    assert spec["command"][:3] == ["python", "-m", MODULES[app]]
    ports = {p["name"]: p["containerPort"] for p in spec["ports"]}
    assert ports == {"http": PORTS[app], "metrics": PORTS[app] + METRICS_OFFSET}
    assert spec["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert spec["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert {"cpu", "memory"} <= set(spec["resources"]["requests"])
    assert "memory" in spec["resources"]["limits"]
    assert spec["securityContext"]["allowPrivilegeEscalation"] is False


@pytest.mark.parametrize("app", APPS)
def test_each_deployment_gets_every_variable_it_needs(
    resources: dict[tuple[str, str], dict[str, Any]], app: str
) -> None:
    env = k8s_env(resources, container(resources[("Deployment", app)]))
    missing = required_env(app) - set(env)
    assert not missing, f"{app} lacks {sorted(missing)}"
    assert env[f"{app.upper()}_HOST"] == "0.0.0.0"
    assert env[f"{app.upper()}_PORT"] == str(PORTS[app])
    assert env["PORTAL_JWKS_URL"] == "http://identity:8101/.well-known/jwks.json"


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_runs_its_api_and_its_worker_apart_each_ready_on_its_own_terms(
    resources: dict[tuple[str, str], dict[str, Any]], service: str
) -> None:
    # An API pod is ready with its database (a broker outage must not take every API pod
    # out of service: the outbox holds events); a worker pod needs the broker too. One
    # readinessProbe cannot say both, so they are two Deployments (shared/web/app.py).
    api = container(resources[("Deployment", service)])
    assert api["command"] == ["python", "-m", f"services.{service}", "api", "--no-migrate"]
    worker_deployment = resources[("Deployment", f"{service}-worker")]
    worker = container(worker_deployment)
    assert worker["command"] == ["python", "-m", f"services.{service}", "worker", "--no-migrate"]
    assert {p["name"]: p["containerPort"] for p in worker["ports"]} == {
        "http": SERVICE_PORTS[service] + 100,
        "metrics": SERVICE_PORTS[service] + 100 + METRICS_OFFSET,
    }
    assert worker["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert worker["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    env = k8s_env(resources, worker)
    assert not service_env(service) - set(env), "the worker needs what the API needs"
    assert env[f"{service.upper()}_PORT"] == str(SERVICE_PORTS[service])  # listens at +100
    worker_labels = worker_deployment["spec"]["template"]["metadata"]["labels"]
    selector = resources[("Service", service)]["spec"]["selector"]
    assert not selector.items() <= worker_labels.items(), "the Service sends requests to APIs only"
    hpa = resources[("HorizontalPodAutoscaler", f"{service}-worker")]
    assert hpa["spec"]["scaleTargetRef"]["name"] == f"{service}-worker"
    assert "replicas" not in worker_deployment["spec"]


@pytest.mark.parametrize("deployment", ["billing", "billing-worker"])
def test_billing_takes_cards_in_the_cluster(
    resources: dict[tuple[str, str], dict[str, Any]], deployment: str
) -> None:
    # Without both keys card payments are off (BillingSettings.stripe_configured); the API
    # verifies webhooks and the worker asks Stripe about payments whose webhook was lost.
    env = k8s_env(resources, container(resources[("Deployment", deployment)]))
    assert {"BILLING_STRIPE_SECRET_KEY", "BILLING_STRIPE_WEBHOOK_SECRET"} <= set(env)
    assert env["BILLING_STRIPE_PUBLISHABLE_KEY"]
    secret = resources[("Secret", "portal-secrets")]["stringData"]
    assert "BILLING_STRIPE_SECRET_KEY" in secret, "a secret key belongs in the Secret"
    gateway = k8s_env(resources, container(resources[("Deployment", "gateway")]))
    assert "https://js.stripe.com" in gateway["GATEWAY_CSP_EXTRA"], "Stripe.js must load"


@pytest.mark.parametrize("app", [*APPS, *(f"{s}-worker" for s in SERVICES)])
def test_metrics_are_scraped_from_their_own_port_which_no_service_exposes(
    resources: dict[tuple[str, str], dict[str, Any]], app: str
) -> None:
    # The gateway's Service is what the public reaches: its /metrics (request counts by
    # area and status) must not be; every process's metrics are for the scraper alone.
    deployment = resources[("Deployment", app)]
    spec = container(deployment)
    [metrics] = [p["containerPort"] for p in spec["ports"] if p["name"] == "metrics"]
    name = app.removesuffix("-worker").upper()
    assert k8s_env(resources, spec)[f"{name}_METRICS_HOST"] == "0.0.0.0"
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/port"] == str(metrics)
    assert annotations["prometheus.io/path"] == "/metrics"
    exposed = [
        port
        for (kind, _), resource in resources.items()
        if kind == "Service"
        for port in resource["spec"]["ports"]
    ]
    assert all(p["targetPort"] != "metrics" and p["port"] != metrics for p in exposed)


def test_services_never_get_the_database_admin_password(
    resources: dict[tuple[str, str], dict[str, Any]],
) -> None:
    for app in [*APPS, *(f"{s}-worker" for s in SERVICES)]:
        env = k8s_env(resources, container(resources[("Deployment", app)]))
        admin_url = env.get("PORTAL_ADMIN_DATABASE_URL", "")
        assert ":" not in admin_url.split("://", 1)[-1].split("@")[0], app


@pytest.mark.parametrize("app", APPS)
def test_each_service_selects_its_deployments_pods(
    resources: dict[tuple[str, str], dict[str, Any]], app: str
) -> None:
    deployment, service = resources[("Deployment", app)], resources[("Service", app)]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    selector = service["spec"]["selector"]
    assert selector.items() <= pod_labels.items()
    assert deployment["spec"]["selector"]["matchLabels"] == selector
    for other in APPS:  # and no other app's pods
        if other != app:
            other_labels = resources[("Deployment", other)]["spec"]["template"]["metadata"]
            assert not selector.items() <= other_labels["labels"].items()
    [port] = service["spec"]["ports"]
    assert (port["port"], port["targetPort"]) == (PORTS[app], "http")


@pytest.mark.parametrize("app", APPS)
def test_each_autoscaler_targets_its_deployment_on_cpu(
    resources: dict[tuple[str, str], dict[str, Any]], app: str
) -> None:
    hpa = resources[("HorizontalPodAutoscaler", app)]
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": app,
    }
    [metric] = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert metric["resource"]["target"]["type"] == "Utilization"
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
    assert "replicas" not in resources[("Deployment", app)]["spec"]  # the autoscaler owns it


def test_the_gateway_routes_every_service_in_the_cluster(
    resources: dict[tuple[str, str], dict[str, Any]],
) -> None:
    env = k8s_env(resources, container(resources[("Deployment", "gateway")]))
    upstreams = json.loads(env["GATEWAY_UPSTREAMS"])
    assert upstreams == {s: f"http://{s}:{SERVICE_PORTS[s]}" for s in SERVICES}


def test_the_migration_job_migrates_every_service_with_admin_credentials(
    resources: dict[tuple[str, str], dict[str, Any]],
) -> None:
    [job] = [doc for (kind, _), doc in resources.items() if kind == "Job"]
    [spec] = job["spec"]["template"]["spec"]["containers"]
    script = " ".join(spec["command"])
    assert "python -m services.$service migrate" in script
    assert all(re.search(rf"\b{s}\b", script) for s in SERVICES)
    env = k8s_env(resources, spec)
    assert "CHANGE-ME@" in env["PORTAL_ADMIN_DATABASE_URL"]  # from the Secret, not the map
    assert {f"{s.upper()}_DATABASE_PASSWORD" for s in SERVICES} <= set(env)


def test_the_secret_is_a_template_without_real_values(
    resources: dict[tuple[str, str], dict[str, Any]],
) -> None:
    secret = resources[("Secret", "portal-secrets")]
    assert "data" not in secret
    assert all("CHANGE-ME" in value for value in secret["stringData"].values())


# --- deploy/Procfile and deploy/Dockerfile ------------------------------------------------


def test_the_procfile_runs_the_mailbox_every_service_and_the_gateway() -> None:
    lines = (ROOT / "deploy" / "Procfile").read_text().splitlines()
    processes = dict(
        line.split(":", 1) for line in lines if line.strip() and not line.startswith("#")
    )
    commands = {name: command.strip() for name, command in processes.items()}
    # Services add their demo data locally; the gateway and mailbox have none.
    demo = {app: "PORTAL_DEMO_DATA=true " if app != "gateway" else "" for app in APPS}
    assert commands == {
        "mailbox": "python -m deploy.mailbox",
        "stripe": "python -m deploy.localstripe",
        **{app: f"{demo[app]}python -m {MODULES[app]}" for app in APPS},
    }


def test_the_image_runs_as_a_user_and_builds_nothing_at_run_time() -> None:
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.MULTILINE)
    [user] = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert user.split(":")[0] not in ("root", "0")
    assert "compileall" in dockerfile
    for package in ("shared", "services", "gateway", "deploy"):
        assert f"COPY {package} ./{package}" in dockerfile
