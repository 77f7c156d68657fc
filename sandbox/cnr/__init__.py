"""The CentralNic Reseller (CNR) dialect of the sandbox: its wire format (wire.py), its command table
(table.py), its engine (engine.py) and its command handlers (commands/), all on the shared world layer
(sandbox/world/) and state (sandbox/state.py). Its systems are `cnr` (live) and `cnr-ote` (OT&E)."""
