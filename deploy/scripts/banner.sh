#!/usr/bin/env bash
# Print where the portal is and the demo logins that `portal seed-demo` printed.
set -euo pipefail
cd "$(dirname "$0")/../.."

gateway="http://localhost:${GATEWAY_PORT:-8080}"
cat <<TEXT

  Client Portal
    Portal          $gateway
    Demo portal     $gateway/p/demo
    API docs        $gateway/api/docs
    Tools (admins)  $gateway/p/demo/workspace/integrations, or portal tool-credentials
    Mail inbox      http://localhost:${MAILBOX_HTTP_PORT:-8025}

TEXT
if [ -s .run/demo-seed.txt ]; then
    echo "  Demo logins (from portal seed-demo):"
    sed 's/^/    /' .run/demo-seed.txt
else
    echo "  No demo logins yet: 'portal seed-demo' has not run (see above)."
fi
echo
