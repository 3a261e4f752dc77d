// Replace with the ID or ARN of your KMS key.
String keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
// Replace with your AWS account ID.
String accountId = "111122223333";
// Replace with the ARN of an existing IAM user or role that may use the key.
String userArn = "arn:aws:iam::111122223333:user/ExampleUser";

String keyPolicy = """
{
  "Version": "2012-10-17",
  "Id": "key-default-1",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::%s:root"
      },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Allow Use of Key",
      "Effect": "Allow",
      "Principal": {
        "AWS": "%s"
      },
      "Action": "kms:DescribeKey",
      "Resource": "*"
    }
  ]
}""".formatted(accountId, userArn);
try {
    client.putKeyPolicy(PutKeyPolicyRequest.builder()
            .keyId(keyId)
            .policyName("default")
            .policy(keyPolicy)
            .build());
} catch (MalformedPolicyDocumentException e) {
    System.err.println("MalformedPolicyDocumentException: The request was rejected because the specified policy is not syntactically or semantically correct. "
            + e.awsErrorDetails().errorMessage());
    throw e;
} catch (NotFoundException e) {
    System.err.println("NotFoundException: The request was rejected because the specified entity or resource could not be found. "
            + e.awsErrorDetails().errorMessage());
    throw e;
}
