"""The registry systems one sandbox runs, and the worlds they keep.

ISPAPI is one endpoint with two worlds, chosen per call by `s_entity` (LIVE 54cd, OT&E 1234). CentralNic
Reseller (CNR) chooses the system by host, so the sandbox gives each CNR system its own path and world:
`cnr` (live) and `cnr-ote`. Faults, latency, seeding, the command log and the money counters are kept per
system; the world keys below name the worlds in controls, the command log and the state file.
"""

from __future__ import annotations

from sandbox.protocol import ENTITY_LIVE, ENTITY_OTE

ISPAPI = "ispapi"
CNR = "cnr"
CNR_OTE = "cnr-ote"
SYSTEMS = (ISPAPI, CNR, CNR_OTE)

# world key -> system; the CNR systems' world keys are their system names.
WORLD_SYSTEM = {ENTITY_LIVE: ISPAPI, ENTITY_OTE: ISPAPI, CNR: CNR, CNR_OTE: CNR_OTE}
LIVE_WORLDS = (ENTITY_LIVE, CNR)
# Seeded names differ per system (`--seed-domains` seeds every live system).
SEED_PREFIX = {ISPAPI: "seed", CNR: "cnrseed", CNR_OTE: "cnrseed"}
