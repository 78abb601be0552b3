/* typedef_target: the typedef tt_handle names long long instead of int. */
typedef long long tt_handle;

int tt_f(tt_handle h) { return (int)h; }
