/* Does not compile: the member's type is never declared. */
struct probe_broken {
	int ok;
	probe_undeclared_t bad;
};
