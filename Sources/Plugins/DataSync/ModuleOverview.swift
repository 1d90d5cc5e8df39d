// Data sync (SPECS §4): MVDS as status-go v0.62 pins it (vacp2p/mvds v0.0.23, field numbers 5001–5004 / 6001–6003).
