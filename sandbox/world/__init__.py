"""The registry's world and its transitions, below every wire dialect.

`sandbox.state` holds the data (one `World` per registry system); this package holds what happens to it
without a caller: dates and periods, zones with their default records, transfers, applications and trades
completing, registrant verifications running out, deleted domains, seeding, and the clock-driven
`Lifecycle`. The engines (ISPAPI in sandbox/core.py, CNR in sandbox/cnr/) and the controls call into it; it
never imports a command handler, a context or a dialect, so every dialect works on the same world.
"""
