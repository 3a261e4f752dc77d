# Replace MyTestSecret with the name or ARN of your secret.

# Change the description.
aws secretsmanager update-secret \
    --secret-id MyTestSecret \
    --description 'Secret of the orders service'

# Read the secret's details back.
aws secretsmanager describe-secret \
    --secret-id MyTestSecret \
    --query Description \
    --output text
