// Replace with the ID or ARN of your KMS key.
keyID := "1234abcd-12ab-34cd-56ef-1234567890ab"

keyPolicy := `{
  "Version": "2012-10-17",
  "Id": "key-default-1",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::111122223333:root"
      },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "Allow Use of Key",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::111122223333:user/test-user"
      },
      "Action": [
        "kms:DescribeKey",
        "kms:ListKeys"
      ],
      "Resource": "*"
    }
  ]
}`
_, err = client.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{
	KeyId:      aws.String(keyID),
	PolicyName: aws.String("default"),
	Policy:     aws.String(keyPolicy),
})
if err != nil {
	log.Fatal(err)
}
