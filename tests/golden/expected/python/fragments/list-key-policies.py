# Replace with the ID or ARN of your KMS key.
key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"

response = client.list_key_policies(KeyId=key_id)
print(response["PolicyNames"])
