"""The security baseline: MFA enforcement, session timeouts, cache headers and rate limits.

Middleware lives in `bos.security.middleware`, the rate-limit decorator for imports, exports
and PDF generation in `bos.security.ratelimit`. See SECURITY.md for the whole picture."""
