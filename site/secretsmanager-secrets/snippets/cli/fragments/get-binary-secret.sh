# Replace MyBlob with the name or ARN of a secret that holds bytes.

aws secretsmanager get-secret-value \
    --secret-id MyBlob
