from . import services


def extend_horizons():
    """Daily: each recurring series on its own; the run and what failed are in the admin (Daily jobs)."""
    created, updated, removed, cancelled = services.extend_horizons()
    return f"created {created}, updated {updated}, removed {removed}, cancelled {cancelled}"
