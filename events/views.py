def programme(request):
    raise NotImplementedError


print_month = series_detail = occurrence_detail = programme
