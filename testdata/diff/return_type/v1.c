/* return_type: rt_get returns long long instead of int. */
int rt_get(void) { return 1; }
