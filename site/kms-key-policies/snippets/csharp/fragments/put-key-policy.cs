// Replace with the ID or ARN of your KMS key.
var keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
// Replace with your AWS account ID.
var accountId = "111122223333";
// Replace with the ARN of an existing IAM user or role that may use the key.
var userArn = "arn:aws:iam::111122223333:user/ExampleUser";

var keyPolicy = $$"""
{
  "Version": "2012-10-17",
  "Id": "key-default-1",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::{{accountId}}:root"
      },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Allow Use of Key",
      "Effect": "Allow",
      "Principal": {
        "AWS": "{{userArn}}"
      },
      "Action": "kms:DescribeKey",
      "Resource": "*"
    }
  ]
}
""";
try
{
    await client.PutKeyPolicyAsync(new PutKeyPolicyRequest
    {
        KeyId = keyId,
        PolicyName = "default",
        Policy = keyPolicy,
    });
}
catch (MalformedPolicyDocumentException ex)
{
    Console.Error.WriteLine("MalformedPolicyDocumentException: The request was rejected because the specified policy is not syntactically or semantically correct. "
        + ex.Message);
    Environment.Exit(1);
}
catch (NotFoundException ex)
{
    Console.Error.WriteLine("NotFoundException: The request was rejected because the specified entity or resource could not be found. "
        + ex.Message);
    Environment.Exit(1);
}
