"""The billing API's wire shapes."""
