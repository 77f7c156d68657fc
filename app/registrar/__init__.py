"""Registrar operations: one module per WHMCS function family, plain async functions over a context."""
