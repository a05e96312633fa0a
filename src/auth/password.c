/* Passwords: argon2id through libsodium at its "interactive" cost (64 MiB, a fraction of a
 * second), which is the cost libsodium recommends for online logins. Only the hash string,
 * which carries its own salt and parameters, is ever stored. */
#include "auth_int.h"

#include <ctype.h>
#include <string.h>

mh_status mh_auth_hash_password(const char *password, char out[crypto_pwhash_STRBYTES], mh_err *e)
{
    if (sodium_init() < 0) return mh_err_set(e, MH_E_INTERNAL, "libsodium failed to initialise");
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return mh_err_set(e, MH_E_NOMEM, "auth: out of memory hashing a password");
    return MH_OK;
}

bool mh_auth_check_password(const char *hash, const char *password)
{
    static char dummy[crypto_pwhash_STRBYTES];
    if (sodium_init() < 0) return false;
    if (!hash) {
        if (!dummy[0]) mh_auth_hash_password("molehunt-no-such-account", dummy, NULL);
        /* Spend the same time as a real check; the answer is always no. */
        int r = crypto_pwhash_str_verify(dummy, password, strlen(password));
        (void)r;
        return false;
    }
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

mh_status mh_auth_check_name(const char *name, mh_err *e)
{
    size_t n = name ? strlen(name) : 0;
    bool ok = n >= 1 && n <= 63 && isalnum((unsigned char)name[0]);
    for (size_t i = 0; ok && i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        ok = c < 128 && (isalnum(c) || c == '.' || c == '_' || c == '-');
    }
    if (!ok) return mh_err_set(e, MH_E_INPUT, "auth: a user name is 1-63 letters, digits, '.', '_' or '-'");
    return MH_OK;
}

mh_status mh_auth_check_new_password(const char *password, mh_err *e)
{
    size_t n = password ? strlen(password) : 0;
    if (n < MH_AUTH_MIN_PASSWORD)
        return mh_err_set(e, MH_E_INPUT, "auth: a password needs at least %d characters", MH_AUTH_MIN_PASSWORD);
    if (n > 1024 || !mh_utf8_valid(password, n, NULL))
        return mh_err_set(e, MH_E_INPUT, "auth: a password is at most 1024 bytes of UTF-8");
    return MH_OK;
}
