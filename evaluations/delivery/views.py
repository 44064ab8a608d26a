"""A user's subscriptions to the monthly reports (`/langganan/`), and the unsubscribe link of
every subscription email (`/langganan/berhenti/<token>/`: a page asking to confirm, and the
one-click POST that mail programs send on their own, RFC 8058)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from agencies.models import Province
from evaluations.delivery import tasks
from evaluations.delivery.emails import CONFIRM_SALT, subscription_from_token
from evaluations.models import Subscription

NATIONAL = "nasional"


class SubscribeForm(forms.Form):
    cakupan = forms.ChoiceField(label=gettext_lazy("Laporan"))
    email = forms.EmailField(
        label=gettext_lazy("Dikirim ke alamat email"),
        max_length=254,
        error_messages={"invalid": gettext_lazy("Alamat email tidak valid (contoh: nama@instansi.go.id).")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = Province.objects.order_by("code").values_list("code", "name")
        self.fields["cakupan"].choices = [(NATIONAL, _("Nasional")), *((c, f"{c} {n}") for c, n in provinces)]

    def province(self) -> Province | None:
        code = self.cleaned_data["cakupan"]
        return None if code == NATIONAL else Province.objects.get(code=code)


@login_required
def subscriptions(request):
    """List one's subscriptions; add one (national or a province) or stop one."""
    user = request.user
    form = SubscribeForm(initial={"email": user.email})
    if request.method == "POST":
        if request.POST.get("action") == "stop":
            pk = request.POST.get("id", "")
            if not (pk.isdigit() and len(pk) < 10):
                return HttpResponseBadRequest(
                    _("Langganan tidak dikenal."), content_type="text/plain; charset=utf-8"
                )
            deleted, _rows = Subscription.objects.filter(user=user, pk=int(pk)).delete()
            if deleted:
                messages.success(request, _("Langganan dihentikan."))
            return HttpResponseRedirect(request.path)
        form = SubscribeForm(request.POST)
        if form.is_valid():
            province = form.province()
            email = form.cleaned_data["email"]
            own = bool(user.email) and email.lower() == user.email.lower()
            try:
                with transaction.atomic():
                    subscription = Subscription.objects.create(
                        user=user,
                        province=province,
                        email=email,
                        confirmed_at=timezone.now() if own else None,
                    )
                    if not own:  # queued with the subscription: both or neither
                        tasks.send_confirmation.enqueue(subscription.pk)
            except IntegrityError:
                form.add_error("cakupan", _("Anda sudah berlangganan laporan ini."))
            else:
                name = province.name if province else _("Nasional")
                if own:
                    done = _("Berlangganan laporan %(name)s: setiap terbitan dikirim ke %(email)s.")
                else:
                    done = _(
                        "Tautan konfirmasi dikirim ke %(email)s; laporan %(name)s dikirim ke sana setelah "
                        "pemilik alamat itu membukanya."
                    )
                messages.success(request, done % {"name": name, "email": email})
                return HttpResponseRedirect(request.path)
    mine = Subscription.objects.filter(user=user).select_related("province").order_by("province__code")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "evaluations/subscriptions/list.html", {"form": form, "subscriptions": mine}, status=status
    )


@csrf_exempt  # the signed token is the authority; mail programs post without a session
def unsubscribe(request, token: str):
    subscription = subscription_from_token(token)
    if request.method == "POST":
        if subscription is not None:
            subscription.delete()
        if "List-Unsubscribe" in request.POST:  # the one-click POST of a mail program
            return HttpResponse(_("Langganan dihentikan."), content_type="text/plain; charset=utf-8")
        return render(request, "evaluations/subscriptions/unsubscribed.html", {"scope": _scope(subscription)})
    if subscription is None:
        return render(request, "evaluations/subscriptions/unsubscribed.html", {"scope": None}, status=404)
    return render(
        request,
        "evaluations/subscriptions/unsubscribe.html",
        {"subscription": subscription, "scope": _scope(subscription), "action": request.path},
    )


@csrf_exempt  # the signed token is the authority; its owner may have no account
def confirm(request, token: str):
    """The confirmation link mailed to an address: a GET asks (link previews change nothing),
    the POST confirms."""
    subscription = subscription_from_token(token, salt=CONFIRM_SALT)
    if subscription is None:
        return render(request, "evaluations/subscriptions/unsubscribed.html", {"scope": None}, status=404)
    if request.method == "POST" and not subscription.is_confirmed:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    context = {"subscription": subscription, "scope": _scope(subscription), "action": request.path}
    return render(request, "evaluations/subscriptions/confirm.html", context)


def _scope(subscription: Subscription | None) -> str | None:
    if subscription is None:
        return None
    return subscription.province.name if subscription.province_id else _("Nasional")


def subscriptions_url() -> str:
    return reverse("subscriptions")
