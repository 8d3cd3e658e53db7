"""Forgotten password: a one-time link by e-mail; nothing tells whether an address exists; limited per address."""

import re

from django.core import mail
from django.core.cache import cache
from django.urls import reverse


def test_a_registered_address_gets_a_link_that_sets_a_new_password(client, world):
    cache.delete("rl:password-reset:127.0.0.1")
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()
    response = client.post(reverse("password_reset"), {"email": world.user_pegawai.email})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == [world.user_pegawai.email] and "Atur ulang kata sandi" in message.subject
    assert "Nama pengguna Anda: pegawai" in message.body
    link = re.search(r"https?://[^/]+(/kata-sandi/atur/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(form_page.redirect_chain[-1][0],
                           {"new_password1": "Sorong-baru-2026!", "new_password2": "Sorong-baru-2026!"})  # fmt: skip
    assert response.status_code == 302 and response.url == reverse("password_reset_complete")
    world.user_pegawai.refresh_from_db()
    assert world.user_pegawai.check_password("Sorong-baru-2026!")
    assert not client.get(link, follow=True).context["validlink"]  # used once


def test_an_unknown_address_looks_the_same_and_sends_nothing(client, world):
    cache.delete("rl:password-reset:127.0.0.1")
    response = client.post(reverse("password_reset"), {"email": "tidak.ada@sorongkota.go.id"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_requests_are_limited_per_address(client, world):
    cache.delete("rl:password-reset:127.0.0.1")
    for _ in range(5):
        assert client.post(reverse("password_reset"), {"email": world.user_pegawai.email}).status_code == 302
    response = client.post(reverse("password_reset"), {"email": world.user_pegawai.email})
    assert response.status_code == 429 and "Terlalu banyak permintaan" in response.content.decode()
    assert len(mail.outbox) == 5
