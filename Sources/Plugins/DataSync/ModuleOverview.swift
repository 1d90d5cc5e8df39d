// Data sync (wire-facts §4; errata #20, #21): MVDS as status-go v0.62 pins it (vacp2p/mvds v0.0.23, 2/MVDS) —
// field numbers 5001–5004 / 6001–6003, SHA-256 message ids with a little-endian timestamp, 1:1 group ids from
// the sorted compressed keys, BATCH and INTERACTIVE modes, epochs, retransmission and SQLite state.
//
// Layout:
//   Proto/        generated from proto/DataSync/sync.proto (package `mvds`)
//   Wire/         ids (message, group, peer), `SyncMessage`, `SyncPayload` and its encoding/detection (§4.1, §4.2)
//   Engine/       `DataSyncEndpoint` (the per-identity actor: send, receive, tick, run), its configuration,
//                 retransmission schedules (`statusGoV062` and Parley's capped backoff with fast retransmission),
//                 delivery limits, records and results (§4.3)
//   Persistence/  the store seam and its in-memory and SQLite implementations (one file, numbered migrations)
//   Simulation/   seeded lossy-link simulation and the median figures the bench prints
//
// No node code: the caller encrypts and sends what `tick()` returns and feeds decrypted bytes to `receive`.
