/* Compiles only with -DPROBE_WIDTH=N. */
#ifndef PROBE_WIDTH
#error "PROBE_WIDTH must be defined"
#endif

struct probe_sized {
	char buf[PROBE_WIDTH];
};
