# Replace MyTestSecret with the name or ARN of your secret.

aws secretsmanager get-secret-value \
    --secret-id MyTestSecret \
    --query SecretString \
    --output text
