/* SPDX-License-Identifier: MIT */
/* Reporters: corpus or change tree -> text. They never read files. */
#ifndef ABIDRIFT_REPORT_H
#define ABIDRIFT_REPORT_H

#include <stdio.h>

#include "model/model.h"

/* pahole-style layout of the named structs and unions (all named ones when nr is 0). */
int show_types(const struct corpus *c, FILE *fp, const char *const *names, size_t nr);

#endif
