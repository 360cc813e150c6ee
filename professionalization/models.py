"""Professional development of WPBs, SOs and IOs (domain §5): sessions, themes, registration
and certificates. No issue has asked for it yet, so the app holds no models so far."""
