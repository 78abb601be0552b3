/* array_size: member tag of struct as grows from char[2] to char[3] (struct size stays 8). */
struct as {
	int a;
	char tag[2];
};

int as_f(struct as *p) { return p->tag[0]; }
