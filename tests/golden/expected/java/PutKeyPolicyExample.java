// Replace the key policy of a KMS key
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyRequest;

public class PutKeyPolicyExample {
    public static void main(String[] args) {
        try (KmsClient client = KmsClient.builder()
                .region(Region.US_WEST_2)
                .build()) {
            // Replace with the ID or ARN of your KMS key.
            String keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

            String keyPolicy = """
            {
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
            }""";
            client.putKeyPolicy(PutKeyPolicyRequest.builder()
                    .keyId(keyId)
                    .policyName("default")
                    .policy(keyPolicy)
                    .build());
        }
    }
}
