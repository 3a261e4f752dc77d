# Replace 1234abcd-12ab-34cd-56ef-1234567890ab with the ID or ARN of your KMS key.

aws kms get-key-policy \
    --key-id 1234abcd-12ab-34cd-56ef-1234567890ab \
    --policy-name default \
    --query Policy \
    --output text
