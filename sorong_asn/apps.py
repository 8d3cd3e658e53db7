from django.apps import AppConfig


class SorongAsnConfig(AppConfig):
    name = "sorong_asn"
    verbose_name = "Sorong ASN"
