/* conntab.c -- open connections and bytes in flight by client: caps, eviction, budget shares. */
#include "front/conntab.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/util.h"

#define BUCKETS 1024
#define OVER_SLACK 64      /* connections admitted past MAX_CONNS, to answer their 503 */
#define SHORT_DEADLINE 2.0 /* seconds for headers: over a limit, or under pressure */

struct ct_client {
    struct ct_client *next; /* in its bucket */
    unsigned conns;         /* open connections from it */
    unsigned capped;        /* of them, the ones counted against the per-client cap */
    size_t held;            /* bytes charged to its requests */
    char addr[48];
};

struct ct_conn {
    struct ct_conn *prev, *next; /* all connections, oldest first */
    struct ct_client *client;
    int fd;
    int attached; /* seen by the HTTP layer (conntab_attach) */
    int busy;     /* a request is in progress */
    int over;
    int proxied;
    int linger;
    int shut; /* shut down here already */
    double deadline;
};

struct conntab {
    pthread_mutex_t lock;
    struct conntab_limits lim;
    struct ct_conn *head, *tail;
    unsigned nconns, nclients;
    size_t held;
    struct ct_client *bucket[BUCKETS];
};

static unsigned hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h % BUCKETS;
}

/* The client ADDR's record, made when CREATE and missing (NULL otherwise).  Under the lock. */
static struct ct_client *client_get(struct conntab *t, const char *addr, int create)
{
    unsigned b = hash(addr);
    struct ct_client *cl;
    for (cl = t->bucket[b]; cl; cl = cl->next)
        if (strcmp(cl->addr, addr) == 0)
            return cl;
    if (!create)
        return NULL;
    cl = xcalloc(1, sizeof(*cl));
    snprintf(cl->addr, sizeof(cl->addr), "%s", addr);
    cl->next = t->bucket[b];
    t->bucket[b] = cl;
    t->nclients++;
    return cl;
}

/* Free CL when nothing refers to it any more.  Under the lock. */
static void client_put(struct conntab *t, struct ct_client *cl)
{
    struct ct_client **pp;
    if (cl->conns || cl->held)
        return;
    for (pp = &t->bucket[hash(cl->addr)]; *pp; pp = &(*pp)->next)
        if (*pp == cl) {
            *pp = cl->next;
            t->nclients--;
            free(cl);
            return;
        }
}

struct conntab *conntab_new(const struct conntab_limits *lim)
{
    struct conntab *t = xcalloc(1, sizeof(*t));
    pthread_mutex_init(&t->lock, NULL);
    t->lim = *lim;
    if (t->lim.client_share == 0)
        t->lim.client_share = t->lim.budget / 2;
    return t;
}

static void unlink_conn(struct conntab *t, struct ct_conn *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else
        t->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    else
        t->tail = c->prev;
    t->nconns--;
    c->client->conns--;
    if (!c->proxied)
        c->client->capped--;
    client_put(t, c->client);
    free(c);
}

void conntab_free(struct conntab *t)
{
    size_t b;
    if (t == NULL)
        return;
    while (t->head)
        unlink_conn(t, t->head);
    for (b = 0; b < BUCKETS; b++)
        while (t->bucket[b]) {
            struct ct_client *cl = t->bucket[b];
            t->bucket[b] = cl->next;
            free(cl);
        }
    pthread_mutex_destroy(&t->lock);
    free(t);
}

/* Shut down one connection that has no request in progress, to make room: of the client that
** holds the most capped connections, its oldest; proxied connections (a balancer's, shared by
** many clients) last.  0, or -1 when every connection is busy.  Under the lock. */
static int evict_one(struct conntab *t)
{
    struct ct_conn *c, *victim = NULL;
    unsigned best = 0;
    for (c = t->head; c; c = c->next) {
        unsigned rank;
        if (c->busy || c->shut)
            continue;
        rank = c->proxied ? 1 : c->client->capped + 1;
        if (rank > best) { /* strictly more: the oldest of the top client wins */
            best = rank;
            victim = c;
        }
    }
    if (victim == NULL)
        return -1;
    shutdown(victim->fd, SHUT_RDWR);
    victim->shut = 1;
    victim->linger = 0;
    return 0;
}

/* Connections shut down but not closed yet still hold their place; they are about to go. */
static unsigned live_conns(const struct conntab *t)
{
    unsigned n = 0;
    const struct ct_conn *c;
    for (c = t->head; c; c = c->next)
        n += !c->shut;
    return n;
}

enum ct_verdict conntab_admit(struct conntab *t, int fd, const char *client, int proxied,
                              double now, struct ct_conn **out)
{
    struct ct_conn *c, *next;
    enum ct_verdict v = CT_ADMIT;
    struct ct_client *cl;
    unsigned live;
    *out = NULL;
    pthread_mutex_lock(&t->lock);
    /* a record for the same descriptor that never reached the HTTP layer: its socket was closed
    ** before (MHD could not take it), and the number is in use again */
    for (c = t->head; c; c = next) {
        next = c->next;
        if (c->fd == fd && !c->attached)
            unlink_conn(t, c);
    }
    live = live_conns(t);
    if (t->lim.max_conns && live >= t->lim.max_conns && evict_one(t) != 0) {
        if (t->nconns >= t->lim.max_conns + OVER_SLACK) {
            pthread_mutex_unlock(&t->lock);
            return CT_REFUSE;
        }
        v = CT_ADMIT_OVER;
    }
    cl = client_get(t, client, 1);
    if (!proxied && t->lim.per_client && cl->capped >= t->lim.per_client)
        v = CT_ADMIT_OVER;
    c = xcalloc(1, sizeof(*c));
    c->client = cl;
    c->fd = fd;
    c->over = v == CT_ADMIT_OVER;
    c->proxied = proxied;
    cl->conns++;
    if (!proxied)
        cl->capped++;
    /* the first request must come within the header timeout; within two seconds when over a
    ** limit or when the table is three quarters full (slow openers give way to the others) */
    if (t->lim.header_timeout) {
        double secs = t->lim.header_timeout;
        if ((c->over || (t->lim.max_conns && live * 4 >= t->lim.max_conns * 3)) &&
            secs > SHORT_DEADLINE)
            secs = SHORT_DEADLINE;
        c->deadline = now + secs;
    }
    c->prev = t->tail;
    if (t->tail)
        t->tail->next = c;
    else
        t->head = c;
    t->tail = c;
    t->nconns++;
    pthread_mutex_unlock(&t->lock);
    *out = c;
    return v;
}

struct ct_conn *conntab_attach(struct conntab *t, int fd)
{
    struct ct_conn *c;
    pthread_mutex_lock(&t->lock);
    for (c = t->tail; c; c = c->prev)
        if (c->fd == fd && !c->attached) {
            c->attached = 1;
            break;
        }
    pthread_mutex_unlock(&t->lock);
    return c;
}

int conntab_close(struct conntab *t, struct ct_conn *c)
{
    int linger;
    pthread_mutex_lock(&t->lock);
    linger = c->linger && !c->shut;
    unlink_conn(t, c);
    pthread_mutex_unlock(&t->lock);
    return linger;
}

void conntab_busy(struct conntab *t, struct ct_conn *c, int busy)
{
    pthread_mutex_lock(&t->lock);
    c->busy = busy;
    pthread_mutex_unlock(&t->lock);
}

void conntab_deadline(struct conntab *t, struct ct_conn *c, double now, unsigned seconds)
{
    pthread_mutex_lock(&t->lock);
    c->deadline = seconds ? now + seconds : 0;
    pthread_mutex_unlock(&t->lock);
}

int conntab_over(const struct ct_conn *c)
{
    return c->over;
}

int conntab_proxied(const struct ct_conn *c)
{
    return c->proxied;
}

const char *conntab_client(const struct ct_conn *c)
{
    return c->client->addr;
}

void conntab_set_linger(struct conntab *t, struct ct_conn *c)
{
    pthread_mutex_lock(&t->lock);
    c->linger = 1;
    pthread_mutex_unlock(&t->lock);
}

int conntab_sweep(struct conntab *t, double now)
{
    struct ct_conn *c;
    int n = 0;
    pthread_mutex_lock(&t->lock);
    for (c = t->head; c; c = c->next)
        if (c->deadline > 0 && now > c->deadline && !c->shut) {
            shutdown(c->fd, SHUT_RDWR);
            c->deadline = 0;
            c->shut = 1;
            n++;
        }
    pthread_mutex_unlock(&t->lock);
    return n;
}

int conntab_charge(struct conntab *t, const char *client, size_t n, size_t req_charged)
{
    size_t budget = t->lim.budget, limit = budget;
    struct ct_client *cl;
    int big = req_charged + n > CONNTAB_SMALL_REQUEST;
    pthread_mutex_lock(&t->lock);
    if (budget) {
        if (big)
            limit = budget - budget / 8;
        cl = client_get(t, client, 0);
        if (t->held + n > limit || (big && (cl ? cl->held : 0) + n > t->lim.client_share)) {
            pthread_mutex_unlock(&t->lock);
            return -1;
        }
    }
    cl = client_get(t, client, 1);
    cl->held += n;
    t->held += n;
    pthread_mutex_unlock(&t->lock);
    return 0;
}

void conntab_release(struct conntab *t, const char *client, size_t n)
{
    struct ct_client *cl;
    if (n == 0)
        return;
    pthread_mutex_lock(&t->lock);
    if ((cl = client_get(t, client, 0)) != NULL) {
        cl->held -= n < cl->held ? n : cl->held;
        client_put(t, cl);
    }
    t->held -= n < t->held ? n : t->held;
    pthread_mutex_unlock(&t->lock);
}

void conntab_stats(struct conntab *t, unsigned *conns, unsigned *clients, size_t *held)
{
    pthread_mutex_lock(&t->lock);
    *conns = t->nconns;
    *clients = t->nclients;
    *held = t->held;
    pthread_mutex_unlock(&t->lock);
}
