"""The store: the only code that speaks SQL. `database.Store` is the facade the service uses."""
