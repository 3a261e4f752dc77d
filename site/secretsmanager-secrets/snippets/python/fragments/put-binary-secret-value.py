# Replace with the name or ARN of your secret.
secret_id = "MyTestSecret"

client.put_secret_value(SecretId=secret_id, SecretBinary=b"EXAMPLE key material")
