from django.shortcuts import render


def home(request):
    return render(request, "portal/home.html")


def catalog(request):
    return render(request, "portal/home.html")


def offices(request):
    return render(request, "portal/home.html")
