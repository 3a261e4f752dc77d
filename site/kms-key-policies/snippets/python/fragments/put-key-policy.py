# Replace with the ID or ARN of your KMS key.
key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
# Replace with your AWS account ID.
account_id = "111122223333"
# Replace with the ARN of an existing IAM user or role that may use the key.
user_arn = "arn:aws:iam::111122223333:user/ExampleUser"

key_policy = {
    "Version": "2012-10-17",
    "Id": "key-default-1",
    "Statement": [
        {
            "Sid": "Enable IAM User Permissions",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
            "Action": "kms:*",
            "Resource": "*",
        },
        {
            "Sid": "Allow Use of Key",
            "Effect": "Allow",
            "Principal": {"AWS": user_arn},
            "Action": "kms:DescribeKey",
            "Resource": "*",
        },
    ],
}
try:
    client.put_key_policy(
        KeyId=key_id, PolicyName="default", Policy=json.dumps(key_policy)
    )
except client.exceptions.MalformedPolicyDocumentException as error:
    raise SystemExit(
        f"MalformedPolicyDocumentException: The request was rejected because the specified policy is not syntactically or semantically correct. {error}"
    ) from error
except client.exceptions.NotFoundException as error:
    raise SystemExit(
        f"NotFoundException: The request was rejected because the specified entity or resource could not be found. {error}"
    ) from error
