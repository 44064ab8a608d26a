"""Shared by the admin's own pages: the admin context and the changelist URL of a model admin."""

from django.urls import reverse


def admin_context(model_admin, request, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        "title": title,
        **extra,
    }


def changelist_url(model_admin) -> str:
    opts = model_admin.model._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_changelist", current_app=model_admin.admin_site.name
    )
