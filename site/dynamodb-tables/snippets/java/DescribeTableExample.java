// Describe a table
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;

public class DescribeTableExample {
    public static void main(String[] args) {
        try (DynamoDbClient client = DynamoDbClient.builder()
                .region(Region.US_WEST_2)
                .build()) {
            // Replace with the name of your table.
            String tableName = "Music";

            DescribeTableResponse response = client.describeTable(DescribeTableRequest.builder()
                    .tableName(tableName)
                    .build());
            System.out.println(response.table().tableStatus());
        }
    }
}
