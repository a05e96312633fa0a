/* Looking values up in a parsed tree. ECS allows nested and dotted keys for the same
 * field, so a path lookup tries every way of splitting the path at its dots. */
#include "molehunt/mh_json.h"

#include <string.h>

const mh_jv *mh_json_getn(const mh_jv *obj, const char *key, size_t klen)
{
    if (!obj || obj->type != MH_JOBJ) return NULL;
    for (uint32_t i = 0; i < obj->len; i++) {
        const mh_jmember *m = &obj->u.members[i];
        if (m->key.len == klen && memcmp(m->key.ptr, key, klen) == 0) return &m->val;
    }
    return NULL;
}

const mh_jv *mh_json_get(const mh_jv *obj, const char *key) { return mh_json_getn(obj, key, strlen(key)); }

const mh_jv *mh_json_get_path(const mh_jv *root, const char *path, size_t len)
{
    if (!root || root->type != MH_JOBJ) return NULL;
    for (uint32_t i = 0; i < root->len; i++) {
        const mh_jmember *m = &root->u.members[i];
        size_t kl = m->key.len;
        /* the first byte first: most members differ there, and memcmp is a call */
        if (kl > len || (kl && m->key.ptr[0] != path[0]) || memcmp(m->key.ptr, path, kl) != 0) continue;
        if (kl == len) return &m->val;
        if (path[kl] == '.') {
            const mh_jv *v = mh_json_get_path(&m->val, path + kl + 1, len - kl - 1);
            if (v) return v;
        }
    }
    return NULL;
}
