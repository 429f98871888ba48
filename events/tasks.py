from . import services


def extend_horizons():
    created, updated, removed, cancelled = services.extend_horizons()
    return f"created {created}, updated {updated}, removed {removed}, cancelled {cancelled}"
