"""The web app's own tables and their data-access functions.

The tables: users, logins, athletes, coach links, uploads, jobs.

Every function takes the store first and everything else by keyword, runs in one transaction and
returns frozen records (``records.py``), never ORM objects. Route handlers call these functions
and never build queries themselves. Access rules live here too: every ``..._for_user`` function
returns None for an object the user may not see, so a route answers 404 whether the id does not
exist or belongs to someone else.

This package is part of the store (the only package that imports SQLAlchemy); it is called
``web`` because the tables are the web app's. The schema is created by the store's Alembic history
(``store/migrations/versions/rev_0100_web.py``), so one ``open_store`` migrates everything.
"""
