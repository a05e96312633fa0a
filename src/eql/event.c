/* What the sequence and sample machinery asks of the event being pushed: whether it
 * matches a step, and a copy of its text that their state can hold past the push
 * (made once, shared by reference count). */
#include "match_int.h"

#include <stdlib.h>
#include <string.h>

ev_copy *eql_cur_copy(mh_eql_matcher *m)
{
    if (m->cur_copy) return m->cur_copy;
    const mh_eql_event *ev = m->cur;
    ev_copy *c = malloc(sizeof *c + ev->len + 1);
    if (!c) return NULL;
    c->rc = 1;
    c->len = (uint32_t)ev->len;
    c->ts = ev->ts;
    c->tb = ev->tiebreak;
    memcpy(c->json, ev->json, ev->len);
    c->json[ev->len] = '\0';
    eql_mem_add(m, sizeof *c + ev->len + 1);
    m->cur_copy = c;
    return c;
}

void eql_copy_ref(ev_copy *c) { c->rc++; }

void eql_copy_unref(mh_eql_matcher *m, ev_copy *c)
{
    if (!c || --c->rc) return;
    eql_mem_sub(m, sizeof *c + c->len + 1);
    free(c);
}

bool eql_step_match(mh_eql_matcher *m, const eql_step *s, const mh_jv *doc)
{
    if (!eql_category_match(m->q, s, doc)) return false;
    eql_ctx c = {.doc = doc, .scratch = &m->scratch};
    return eql_truthy(eql_eval(s->where, &c));
}
