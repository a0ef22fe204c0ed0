"""The staff console: server-rendered pages (Jinja2, plain CSS, no CDN) under /console.

Login with the users of the backend (scrypt hashes); a signed, HttpOnly,
SameSite=Lax session cookie; a CSRF token in every form, checked on every POST.
"""
