/* return_type: rt_get returns long long instead of int. */
long long rt_get(void) { return 1; }
