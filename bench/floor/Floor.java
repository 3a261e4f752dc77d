// Verification floor (Java): the KMS spec's six calls, made directly with the AWS SDK for
// Java 2.x in one JVM, against the bench's moto server (AWS_ENDPOINT_URL), on the key in
// POLYSNIP_KEY_ID. Compiled once by the bench against the Java runner's cached classpath.
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.ListKeyPoliciesRequest;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyRequest;

public class Floor {
    private static final String POLICY = """
        {
          "Version": "2012-10-17",
          "Id": "key-default-1",
          "Statement": [
            {
              "Sid": "Enable IAM User Permissions",
              "Effect": "Allow",
              "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
              "Action": "kms:*",
              "Resource": "*"
            },
            {
              "Sid": "Allow Use of Key",
              "Effect": "Allow",
              "Principal": {"AWS": "arn:aws:iam::111122223333:user/test-user"},
              "Action": ["kms:DescribeKey", "kms:ListKeys"],
              "Resource": "*"
            }
          ]
        }""";
    private static final String STATEMENT = """
        {
          "Sid": "Allow access for ExampleUser",
          "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::111122223333:user/ExampleUser"},
          "Action": ["kms:Encrypt", "kms:GenerateDataKey*", "kms:Decrypt", "kms:DescribeKey", "kms:ReEncrypt*"],
          "Resource": "*"
        }""";

    public static void main(String[] args) throws Exception {
        String keyId = System.getenv("POLYSNIP_KEY_ID");
        ObjectMapper mapper = new ObjectMapper();
        try (KmsClient client = KmsClient.builder().region(Region.US_WEST_2).build()) {
            // list-key-policies, get-key-policy, put-key-policy
            System.out.println(client.listKeyPolicies(ListKeyPoliciesRequest.builder().keyId(keyId).build()).policyNames());
            System.out.println(client.getKeyPolicy(get(keyId)).policy());
            client.putKeyPolicy(put(keyId, mapper.writeValueAsString(mapper.readTree(POLICY))));
            // modify-key-policy: get, edit, put, get
            ObjectNode policy = (ObjectNode) mapper.readTree(client.getKeyPolicy(get(keyId)).policy());
            ((ArrayNode) policy.at("/Statement")).add(mapper.readTree(STATEMENT));
            client.putKeyPolicy(put(keyId, mapper.writeValueAsString(policy)));
            System.out.println(client.getKeyPolicy(get(keyId)).policy());
        }
    }

    private static GetKeyPolicyRequest get(String keyId) {
        return GetKeyPolicyRequest.builder().keyId(keyId).policyName("default").build();
    }

    private static PutKeyPolicyRequest put(String keyId, String policy) {
        return PutKeyPolicyRequest.builder().keyId(keyId).policyName("default").policy(policy).build();
    }
}
