/* type_size: struct ts grows (member c added at the end) and is returned by value: breaking. */
struct ts {
	int a;
	int b;
};

struct ts ts_get(void)
{
	struct ts v = { 1, 2 };
	return v;
}
