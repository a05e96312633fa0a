/* The clock behind timeouts and lockouts, replaceable so tests can move time, and the
 * default policy. */
#include "auth_int.h"

#include <time.h>

static mh_time (*clock_fn)(void);

void mh_auth_set_clock(mh_time (*now)(void)) { clock_fn = now; }

mh_time mh_auth_now(void)
{
    if (clock_fn) return clock_fn();
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (mh_time)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void mh_auth_policy_default(mh_auth_policy *p)
{
    p->idle_minutes = 30;
    p->absolute_minutes = 480;
    p->max_failures = 5;
    p->lockout_minutes = 15;
}
