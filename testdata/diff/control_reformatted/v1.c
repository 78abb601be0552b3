/* control_reformatted: v2 is the same code reformatted, with comments and blank lines: no change. */
struct crf_point { int x; int y; };
enum crf_mode { CRF_OFF, CRF_ON };
typedef struct crf_point crf_point_t;
crf_point_t crf_origin;
int crf_f(crf_point_t *p, enum crf_mode m) { return m == CRF_ON ? p->x : p->y; }
