"""Business operations on the database; each module owns one kind of record."""
