/* etag.h -- entity tags in If-Match / If-None-Match lists (RFC 9110), for the fronts. */
#ifndef SRV_ETAG_H
#define SRV_ETAG_H

/* 1 when the If-None-Match / If-Match header value LIST names entity tag ETAG (quotes included)
** or is *.  STRONG (If-Match) compares strongly: a weak tag W/"..." never matches; otherwise
** (If-None-Match) weakly, ignoring W/ (RFC 9110 13.1.1, 13.1.2). */
int etag_listed(const char *list, const char *etag, int strong);

#endif
