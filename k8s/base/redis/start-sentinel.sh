#!/bin/sh
# Start one Sentinel (NFR-F3: automatic failover of the Redis master, quorum 2 of 3). Sentinel rewrites
# its configuration file, so it is generated into a writable emptyDir at every start.
set -eu
NS_DOMAIN="${POD_NAMESPACE}.svc.cluster.local"
TLS_DIR=/etc/promptsales/tls
export REDISCLI_AUTH="${REDIS_PASSWORD}"
MASTER=""
for i in 0 1 2; do
  MASTER=$(redis-cli --tls --cacert "${TLS_DIR}/ca.crt" -h "redis-sentinel-${i}.redis-sentinel.${NS_DOMAIN}" \
    -p 26379 --raw SENTINEL get-master-addr-by-name promptsales 2>/dev/null | head -n 1 || true)
  [ -n "${MASTER}" ] && break
done
[ -n "${MASTER}" ] || MASTER="redis-0.redis.${NS_DOMAIN}"
CONF=/etc/sentinel/sentinel.conf
cat > "${CONF}" <<CONF
port 0
tls-port 26379
tls-cert-file ${TLS_DIR}/tls.crt
tls-key-file ${TLS_DIR}/tls.key
tls-ca-cert-file ${TLS_DIR}/ca.crt
tls-protocols "TLSv1.3"
tls-replication yes
tls-auth-clients no
dir /tmp
requirepass "${REDIS_PASSWORD}"
sentinel sentinel-pass "${REDIS_PASSWORD}"
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip ${HOSTNAME}.redis-sentinel.${NS_DOMAIN}
sentinel monitor promptsales ${MASTER} 6379 2
sentinel auth-pass promptsales "${REDIS_PASSWORD}"
sentinel down-after-milliseconds promptsales 5000
sentinel failover-timeout promptsales 60000
sentinel parallel-syncs promptsales 1
CONF
exec redis-server "${CONF}" --sentinel
