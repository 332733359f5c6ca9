"""One router per resource: auth (accounts and logins), home, athletes, uploads, jobs, sets."""
