/* Reached through -I. */
typedef long long probe_inc_t;
