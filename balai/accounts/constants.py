from django.utils.translation import gettext_lazy as _

# Tokens live this long unless API_TOKEN_LIFETIME_DAYS says otherwise.
DEFAULT_TOKEN_LIFETIME_DAYS = 90

# `last_used_at` is a hint for people reviewing their tokens, not an audit log: writing it
# on every API call would turn every read into a write.
TOKEN_TOUCH_INTERVAL_SECONDS = 60

# The name of the single TOTP device a user may hold.
TOTP_DEVICE_NAME = "aplikasi autentikator"

LOCKED_OUT_MESSAGE = _(
    "Terlalu banyak percobaan masuk yang gagal. Coba lagi setelah %(minutes)s menit "
    "atau hubungi admin kabupaten."
)
LOCKED_OUT_FOR_GOOD_MESSAGE = _(
    "Terlalu banyak percobaan masuk yang gagal. Hubungi admin kabupaten untuk membuka akun."
)
BAD_CREDENTIALS_MESSAGE = _("Nama pengguna atau kata sandi salah.")
NOT_STAFF_MESSAGE = _("Akun ini belum terdaftar sebagai petugas di kantor mana pun.")
OTP_REQUIRED_MESSAGE = _("Masukkan kode verifikasi dua langkah dari aplikasi autentikator.")
OTP_WRONG_MESSAGE = _("Kode verifikasi salah atau sudah kedaluwarsa.")
