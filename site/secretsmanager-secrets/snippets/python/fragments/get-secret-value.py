# Replace with the name or ARN of your secret.
secret_id = "MyTestSecret"

response = client.get_secret_value(SecretId=secret_id)
print(response["SecretString"])
