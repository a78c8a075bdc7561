#!/bin/sh
# Start one member of the Redis replication group. The master is whoever the Sentinels say it is (after a
# failover it is no longer redis-0); with no Sentinel answering yet (first start) redis-0 is the master.
set -eu
NS_DOMAIN="${POD_NAMESPACE}.svc.cluster.local"
ME="${HOSTNAME}.redis.${NS_DOMAIN}"
TLS_DIR=/etc/promptsales/tls
export REDISCLI_AUTH="${REDIS_PASSWORD}"
MASTER=""
for i in 0 1 2; do
  MASTER=$(redis-cli --tls --cacert "${TLS_DIR}/ca.crt" -h "redis-sentinel-${i}.redis-sentinel.${NS_DOMAIN}" \
    -p 26379 --raw SENTINEL get-master-addr-by-name promptsales 2>/dev/null | head -n 1 || true)
  [ -n "${MASTER}" ] && break
done
[ -n "${MASTER}" ] || MASTER="redis-0.redis.${NS_DOMAIN}"
set -- /etc/promptsales/redis/redis.conf \
  --port 0 --tls-port 6379 \
  --tls-cert-file "${TLS_DIR}/tls.crt" --tls-key-file "${TLS_DIR}/tls.key" --tls-ca-cert-file "${TLS_DIR}/ca.crt" \
  --tls-protocols "TLSv1.3" --tls-replication yes --tls-auth-clients no \
  --requirepass "${REDIS_PASSWORD}" --masterauth "${REDIS_PASSWORD}" \
  --dir /data --replica-announce-ip "${ME}"
if [ "${MASTER}" != "${ME}" ]; then
  set -- "$@" --replicaof "${MASTER}" 6379
fi
exec redis-server "$@"
